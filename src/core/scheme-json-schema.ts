/** Prints the JSON Schema of scheme files (npm run schema writes it to schemes/scheme.schema.json). */
import { schemeJsonSchema } from './scheme.js';

process.stdout.write(JSON.stringify(schemeJsonSchema(), null, 2) + '\n');
