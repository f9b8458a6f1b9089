// The `budayang` command as one bundled file for fault tests that run the real core process
// under the real supervisor (bin/budayang.mjs would pick up a possibly stale dist/).
import { main } from '../../../../src-main/cli/main';

process.exitCode = await main(process.argv.slice(2));
