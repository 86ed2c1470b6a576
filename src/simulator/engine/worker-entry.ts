/** Worker script of the CPU thread when running from sources (tsx); the bundle uses itself. */
import { runCpu } from './cpu';

runCpu();
