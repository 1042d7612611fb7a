import { runService } from '@app/messaging';
import { supervision } from './supervision.definition.js';
import { supervisionModule } from './supervision.module.js';

await runService(supervision, supervisionModule);
