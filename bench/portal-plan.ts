/**
 * What bench/portal.bench.ts hands the baseline page (bench/fixtures/portal-hello.ts) in a
 * `<script type="application/json" id="plan">`: the requests the demo's customer page made.
 */

/** One GET as the demo page sent it: URL, the headers its code set, whether it carried the token. */
export interface PlannedRequest {
  url: string;
  headers: Record<string, string>;
  auth: boolean;
}

export interface Plan {
  /** The page script's own requests (the demo's portal.js), in order, one after another. */
  page: PlannedRequest[];
  /** One entry per element; `late` ones the page script appends after its own requests. */
  elements: { requests: PlannedRequest[]; late: boolean }[];
}
