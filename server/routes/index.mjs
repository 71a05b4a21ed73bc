// Every route module of the server, in one list. To add an endpoint, write
// `routes/<area>.mjs` exporting an array of routes (see router.mjs) and add it here.
import token from './token.mjs';
import config from './config.mjs';

export default [...token, ...config];
