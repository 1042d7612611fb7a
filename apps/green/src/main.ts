import { runService } from '@app/messaging';
import { green } from './green.definition.js';
import { greenModule } from './green.module.js';

await runService(green, greenModule);
