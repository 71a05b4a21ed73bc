// Every route module of the server, in one list. To add an endpoint, write
// `routes/<area>.mjs` exporting an array of routes (see router.mjs and README.md) and add it here.
import token from './token.mjs';
import config from './config.mjs';
import voice from './voice.mjs';
import callbacks from './callbacks.mjs';
import { insightsRoutes } from '../insights/routes.mjs';

export default [...token, ...config, ...voice, ...callbacks, ...insightsRoutes()];
