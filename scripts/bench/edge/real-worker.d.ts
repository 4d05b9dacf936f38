// The real Worker, as the bench Worker imports it: wrangler's [alias] maps the name to
// worker/src/index.ts when it bundles. Typed here by the little the bench Worker uses, so
// the scripts project type-checks without the Workers runtime types.
declare module 'greengate-real-worker' {
  const worker: {
    fetch(request: Request, env: object, ctx: object): Response | Promise<Response>
    scheduled?(controller: object, env: object, ctx: object): Promise<void>
  }
  export default worker
  export const FeedHub: new (...args: never[]) => object
}
