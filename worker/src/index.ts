export { default } from './worker.ts'
export { FeedHub } from './feed/feed-hub.ts'
