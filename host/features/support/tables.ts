/** The support feature's tables (part of the host's `Database`, `host/db/schema.ts`). */
export interface SupportTables {
  support_accounts: { tenant_id: string; source: string; account: string };
  support_contracts: { tenant_id: string; targets: string };
  kb_articles: KbArticleTable;
  contact_matrices: { tenant_id: string; project: string; name: string; matrix: string; updated_at: string };
}

export interface KbArticleTable {
  id: string;
  slug: string;
  title: string;
  category: string;
  body: string;
  locale: string;
  published: number;
  updated_at: string;
}
