/**
 * Optional OpenTelemetry traces. Host code makes spans through `@opentelemetry/api`
 * (`tracer()`), which is a no-op until a tracer provider is registered: a host without
 * `OTEL_EXPORTER_OTLP_ENDPOINT` (or `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT`) records nothing and
 * pays next to nothing. `startTracing()` (called by host/main.ts) registers the official
 * SDK's tracer provider with a batch processor and the OTLP/HTTP exporter, which reads the
 * standard `OTEL_EXPORTER_OTLP_*` variables (headers, protocol, timeout) itself.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { context, ROOT_CONTEXT, trace, type Context, type ContextManager, type Tracer } from '@opentelemetry/api';
import { BatchSpanProcessor, SimpleSpanProcessor, TracerProvider, type SpanExporter } from '@opentelemetry/sdk-trace';
import { defaultResource, detectResources, envDetector, resourceFromAttributes } from '@opentelemetry/resources';
import type { Env } from '../plugin.js';

/** The host's tracer: a no-op until `startTracing()` (or a test) registers a provider. */
export function tracer(): Tracer {
  return trace.getTracer('glasspane');
}

/**
 * The active span's W3C ids (lower-case hex) for a log line, so a log collector can join the
 * line to its trace: `{ trace_id, span_id }`, or `{}` when no span is active (tracing off).
 */
export function traceFields(): { trace_id?: string; span_id?: string } {
  const ids = trace.getActiveSpan()?.spanContext();
  return ids && trace.isSpanContextValid(ids) ? { trace_id: ids.traceId, span_id: ids.spanId } : {};
}

/**
 * The active span follows async work (a request's span is the parent of the provider calls
 * made while answering it). The trace SDK registers no context manager of its own here, and
 * `@opentelemetry/context-async-hooks` is not a dependency, so this is the same idea in a few
 * lines: Node's AsyncLocalStorage carries the context through awaits and callbacks.
 */
export class AsyncLocalStorageContextManager implements ContextManager {
  readonly #storage = new AsyncLocalStorage<Context>();

  active(): Context {
    return this.#storage.getStore() ?? ROOT_CONTEXT;
  }

  with<A extends unknown[], F extends (...args: A) => ReturnType<F>>(
    ctx: Context,
    fn: F,
    thisArg?: ThisParameterType<F>,
    ...args: A
  ): ReturnType<F> {
    return this.#storage.run(ctx, () => fn.apply(thisArg, args));
  }

  bind<T>(ctx: Context, target: T): T {
    if (typeof target !== 'function') return target;
    const fn = target as unknown as (...args: unknown[]) => unknown;
    // eslint-disable-next-line @typescript-eslint/no-this-alias -- the bound function keeps its own `this`
    const manager = this;
    return function (this: unknown, ...args: unknown[]) {
      return manager.with(ctx, () => fn.apply(this, args));
    } as unknown as T;
  }

  enable(): this {
    return this;
  }

  disable(): this {
    this.#storage.disable();
    return this;
  }
}

/** Whether the environment asks for traces: an OTLP endpoint for all signals or for traces. */
export function tracingEnabled(env: Env): boolean {
  return !!(env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT || env.OTEL_EXPORTER_OTLP_ENDPOINT);
}

export interface Tracing {
  /** Exports the spans still queued. */
  flush(): Promise<void>;
  /** Flushes, stops the exporter and unregisters the provider (the API is a no-op again). */
  shutdown(): Promise<void>;
}

export interface TracingOptions {
  /** `service.name`; default `OTEL_SERVICE_NAME`, else `service.name` in `OTEL_RESOURCE_ATTRIBUTES`, else `glasspane`. */
  serviceName?: string;
  /**
   * Where spans go instead of the OTLP/HTTP exporter (tests: an `InMemorySpanExporter`,
   * exported at once by a simple processor). With it, tracing starts whatever the environment says.
   */
  exporter?: SpanExporter;
}

/**
 * Registers the global tracer provider and context manager when the environment names an
 * OTLP endpoint (or `options.exporter` is given); undefined otherwise, and nothing is registered.
 */
export async function startTracing(env: Env, options: TracingOptions = {}): Promise<Tracing | undefined> {
  if (!options.exporter && !tracingEnabled(env)) return undefined;
  let processor;
  if (options.exporter) {
    processor = new SimpleSpanProcessor({ exporter: options.exporter });
  } else {
    // Loaded only when tracing is on: the exporter and its protobuf encoding stay out of a default start.
    const { OTLPTraceExporter } = await import('@opentelemetry/exporter-trace-otlp-http');
    processor = new BatchSpanProcessor({
      exporter: new OTLPTraceExporter(),
      // The standard batch variables, read here so they apply whichever SDK release reads them itself.
      scheduledDelayMillis: whole(env.OTEL_BSP_SCHEDULE_DELAY),
      exportTimeoutMillis: whole(env.OTEL_BSP_EXPORT_TIMEOUT),
      maxQueueSize: whole(env.OTEL_BSP_MAX_QUEUE_SIZE),
      maxExportBatchSize: whole(env.OTEL_BSP_MAX_EXPORT_BATCH_SIZE),
    });
  }
  // OTEL_RESOURCE_ATTRIBUTES (`deployment.environment.name=prod,service.namespace=portal`) as the SDK reads it.
  const detected = detectResources({ detectors: [envDetector] });
  const serviceName = options.serviceName ?? (env.OTEL_SERVICE_NAME || String(detected.attributes['service.name'] ?? 'glasspane'));
  const provider = new TracerProvider({
    resource: defaultResource()
      .merge(detected)
      .merge(resourceFromAttributes({ 'service.name': serviceName })),
    spanProcessors: [processor],
  });
  const manager = new AsyncLocalStorageContextManager();
  const registered = context.setGlobalContextManager(manager);
  if (!registered || !trace.setGlobalTracerProvider(provider)) {
    if (registered) context.disable();
    await provider.shutdown();
    throw new Error('a tracer provider or context manager is already registered in this process');
  }
  return {
    flush: () => provider.forceFlush(),
    async shutdown() {
      try {
        await provider.shutdown();
      } finally {
        trace.disable();
        context.disable();
      }
    },
  };
}

/** A positive whole number from a variable; undefined (the SDK's default) when unset or not one. */
function whole(value: string | undefined): number | undefined {
  return value && /^\d+$/.test(value) && Number(value) > 0 ? Number(value) : undefined;
}
