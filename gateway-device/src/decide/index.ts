export * from './anti-passback.ts'
export * from './decider.ts'
export * from './decision.ts'
export * from './gate-brain.ts'
