import { runService } from '@app/messaging';
import { outlets } from './outlets.definition.js';
import { outletsModule } from './outlets.module.js';

await runService(outlets, outletsModule);
