import { expect, it } from 'vitest';
import { downloadStep } from '../../src/report/download-step.js';

/** Review 25 F13d: the download of a remote shard index fetched the whole repository (`--include '*'`). */
it('a shard index on the hub: the download includes the index and its shards only', () => {
  expect(downloadStep('hf://org/sharded/model.safetensors.index.json').command).toBe(`d=$(mktemp -d sdmatch-download.XXXXXX) && huggingface-cli download org/sharded --include model.safetensors.index.json 'model*.safetensors' --local-dir "$d"`);
  expect(downloadStep('hf://org/r@v1/sub/pytorch_model.bin.index.json').command).toBe(`d=$(mktemp -d sdmatch-download.XXXXXX) && huggingface-cli download org/r --include sub/pytorch_model.bin.index.json 'sub/pytorch_model*.bin' --revision v1 --local-dir "$d"`);
});
