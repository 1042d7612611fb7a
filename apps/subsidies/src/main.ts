import { runService } from '@app/messaging';
import { subsidies } from './subsidies.definition.js';
import { subsidiesModule } from './subsidies.module.js';

await runService(subsidies, subsidiesModule);
