import { runService } from '@app/messaging';
import { coldChain } from './cold-chain.definition.js';
import { coldChainModule } from './cold-chain.module.js';

await runService(coldChain, coldChainModule);
