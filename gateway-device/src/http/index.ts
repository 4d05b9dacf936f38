export { GateHttpServer } from './gate-http-server.ts'
export type {
  FireAlarmAck,
  GateHttpHandlers,
  GateHttpServerOptions,
  HealthReport,
  HealthState,
} from './gate-http-server.ts'
export { Counter, CollectedMetric, Histogram, MetricsRegistry } from './metrics-registry.ts'
export type { Labels, Sample } from './metrics-registry.ts'
export { streamScreenEvents } from './screen-events.ts'
export { screenPage } from './screen-page.ts'
