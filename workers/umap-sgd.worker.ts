// A helper thread for the map's layout (started by layout-threads.ts when the page is
// cross-origin isolated): says it is up, then runs its block of each UMAP epoch on the shared
// positions until the layout worker stops it (src/core/layout/umap-threads.ts).
import { runSgdHelper, type SgdHelperJob } from '../src/core/layout/umap-threads';

const scope = self as unknown as DedicatedWorkerGlobalScope;
scope.onmessage = (event: MessageEvent<SgdHelperJob>) => runSgdHelper(event.data);
scope.postMessage('ready');
