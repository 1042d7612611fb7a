import { checkedFetch } from './contract.js';

// every response a test fetches from a gateway is checked against the OpenAPI document it serves
globalThis.fetch = checkedFetch;
