import type { Flavor, Server, ServerStatus } from '@glasspane/host';

/** Nova's server as `GET /servers/detail` returns it (microversion ≥ 2.47). */
export interface NovaServer {
  id: string;
  name: string;
  status: string;
  /** The owning project (Nova shows it at every microversion, also to an admin reading another project's server). */
  tenant_id?: string;
  user_id?: string;
  created?: string;
  addresses?: Record<string, { addr: string; version: number; 'OS-EXT-IPS:type'?: string }[]>;
  flavor?: { id?: string; original_name?: string; vcpus?: number; ram?: number; disk?: number };
  image?: { id?: string } | '' | null;
  'OS-EXT-STS:task_state'?: string | null;
  'OS-EXT-AZ:availability_zone'?: string;
  fault?: { message?: string };
  'os-extended-volumes:volumes_attached'?: { id: string }[];
}

export interface NovaFlavor {
  id: string;
  name: string;
  vcpus: number;
  ram: number;
  disk: number;
}

const STATUS: Record<string, ServerStatus> = {
  ACTIVE: 'active',
  BUILD: 'building',
  SHUTOFF: 'stopped',
  REBOOT: 'rebooting',
  HARD_REBOOT: 'rebooting',
  PAUSED: 'paused',
  SUSPENDED: 'suspended',
  RESIZE: 'busy',
  VERIFY_RESIZE: 'busy',
  REVERT_RESIZE: 'busy',
  MIGRATING: 'busy',
  REBUILD: 'busy',
  RESCUE: 'busy',
  PASSWORD: 'busy',
  SHELVED: 'busy',
  SHELVED_OFFLOADED: 'busy',
  ERROR: 'error',
  DELETED: 'deleted',
  SOFT_DELETED: 'deleted',
};

export function toServer(s: NovaServer, images: Map<string, string> = new Map()): Server {
  const imageId = s.image && typeof s.image === 'object' ? s.image.id : undefined;
  return {
    id: s.id,
    name: s.name,
    status: STATUS[s.status] ?? 'unknown',
    providerStatus: s.status,
    task: s['OS-EXT-STS:task_state'] ?? null,
    flavor: s.flavor
      ? {
          id: s.flavor.id ?? s.flavor.original_name ?? '',
          name: s.flavor.original_name ?? s.flavor.id ?? '',
          vcpus: s.flavor.vcpus ?? 0,
          ramMb: s.flavor.ram ?? 0,
          diskGb: s.flavor.disk ?? 0,
        }
      : null,
    image: imageId ? { id: imageId, name: images.get(imageId) ?? imageId } : null,
    addresses: Object.entries(s.addresses ?? {}).flatMap(([network, list]) =>
      list.map((a) => ({
        address: a.addr,
        version: (a.version === 6 ? 6 : 4) as 4 | 6,
        type: (a['OS-EXT-IPS:type'] === 'floating' ? 'floating' : 'fixed') as 'fixed' | 'floating',
        network,
      })),
    ),
    region: s['OS-EXT-AZ:availability_zone'] ?? null,
    createdAt: s.created ?? null,
    fault: s.status === 'ERROR' ? (s.fault?.message ?? null) : null,
  };
}

export const toFlavor = (f: NovaFlavor): Flavor => ({ id: f.id, name: f.name, vcpus: f.vcpus, ramMb: f.ram, diskGb: f.disk });
