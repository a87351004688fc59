/**
 * What plugin authors test with: conformance suites every implementation of a port must pass,
 * run against the plugin's fake. Imports `node:test`; never import it from production code.
 */
export { computeProviderConformance, type ComputeConformanceSubject } from './testing/compute-conformance.js';
export { billingProviderConformance, type BillingConformanceSubject } from './testing/billing-conformance.js';
export { statusProviderConformance, type StatusConformanceSubject } from './testing/status-conformance.js';
export { supportProviderConformance, type SupportConformanceSubject } from './testing/support-conformance.js';
export { protectionProviderConformance, type ProtectionConformanceSubject } from './testing/protection-conformance.js';
export { hostedGatewayConformance, type HostedGatewayConformanceSubject } from './testing/gateway-conformance.js';
export { metricsProviderConformance, type MetricsConformanceSubject } from './testing/metrics-conformance.js';
/** A host message in one language, for asserting how a plugin's host-worded error reads to a German reader. */
export { errorText } from './error-messages.js';
