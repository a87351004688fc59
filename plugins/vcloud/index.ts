import { z } from 'zod';
import { definePlugin, envJson, ComputeProviderToken, MetricsProviderToken } from '@glasspane/host';
import { PLUGIN_ID, VcloudClient, type VcloudOptions } from './client.js';
import { VcloudComputeProvider } from './compute.js';
import { VcloudMetricsProvider } from './metrics.js';

export { VcloudClient } from './client.js';
export { VcloudComputeProvider } from './compute.js';
export { VcloudMetricsProvider } from './metrics.js';

const config = z
  .object({
    url: z.url(),
    org: z.string().min(1),
    username: z.string().min(1).optional(),
    password: z.string().min(1).optional(),
    /** An API token (refresh token) instead of a password. */
    apiToken: z.string().min(1).optional(),
    /** Log in as a System org (provider) account and act in tenant orgs by tenant context. */
    provider: z.boolean().default(false),
    /** An upper bound for the negotiated API version. */
    apiVersion: z
      .string()
      .regex(/^\d+\.\d+$/)
      .optional(),
    /** The VDC (by name) new servers go into; the org's first by default. */
    vdc: z.string().min(1).optional(),
    /**
     * VDC name → the region as customers read it (servers carry their VDC as their region).
     * VCD_REGION_NAMES as JSON: `{"globex-vdc-ams1":"Amsterdam"}`. A VDC not named is shown by its name.
     */
    regionNames: z.record(z.string().min(1), z.string().min(1)).default({}),
    timeoutMs: z.number().int().min(100).default(15_000),
  })
  .refine((c) => c.apiToken || (c.username && c.password), {
    message: 'Cloud Director needs a username and password, or an API token',
    path: ['password'],
  });

type VcloudConfig = z.infer<typeof config>;

/** VMware Cloud Director as ComputeProvider and MetricsProvider. */
export default definePlugin({
  id: PLUGIN_ID,
  provides: ['ComputeProvider', 'MetricsProvider'],
  config,
  fromEnv: (env) => ({
    url: env.VCD_URL,
    org: env.VCD_ORG,
    username: env.VCD_USERNAME || undefined,
    password: env.VCD_PASSWORD || undefined,
    apiToken: env.VCD_API_TOKEN || undefined,
    provider: env.VCD_PROVIDER_LOGIN === 'true' || env.VCD_PROVIDER_LOGIN === '1',
    apiVersion: env.VCD_API_VERSION || undefined,
    vdc: env.VCD_VDC || undefined,
    regionNames: envJson(env.VCD_REGION_NAMES),
  }),
  register({ container, config }) {
    const client = new VcloudClient(config as VcloudOptions);
    const compute = new VcloudComputeProvider(client, { regionNames: (config as VcloudConfig).regionNames });
    container.register(ComputeProviderToken, { useValue: compute });
    container.register(MetricsProviderToken, { useValue: new VcloudMetricsProvider(client, compute) });
  },
});
