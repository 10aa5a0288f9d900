/** Loads the model, embeds a question and ends without releasing it: the script must exit by itself. */
import { PROJECT_ROOT } from '../../src/config.ts';
import { ChildEmbeddings } from '../../src/embedding/child-embeddings.ts';
import { loadEmbedder } from '../../src/embedding/embedder.ts';

const embedder = await loadEmbedder({ model: 'Xenova/multilingual-e5-small', modelDir: process.env.RAG_MODEL_DIR, projectRoot: PROJECT_ROOT }, (line) => console.error(line));
if (!(embedder?.embeddings instanceof ChildEmbeddings)) throw new Error('no model process');
const vector = await embedder.embeddings.embedQuery('贵阳市的森林覆盖率是多少？');
console.log(JSON.stringify({ pid: embedder.embeddings.pid, dimension: vector.length }));
