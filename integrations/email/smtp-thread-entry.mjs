// Worker threads do not inherit `--import tsx`: register its loader here, then run the TypeScript thread.
import { register } from 'tsx/esm/api';

register();
await import('./smtp-thread.ts');
