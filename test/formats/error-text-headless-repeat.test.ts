import { describe, expect, it } from 'vitest';
import { parseErrorText } from '../../src/formats/error-text.js';

/**
 * A paste that starts mid-list, cut inside its last quoted key, then the poster's words after an empty line and
 * the paste again (vissl-488's text as posted, pasted twice: the paste-variants `repeat` form). A terminal never
 * wraps into an empty line, so the key left open ends there: the words are no part of a key.
 */
describe('a headless list cut inside a key, then words after an empty line', () => {
  it('vissl-488 twice: every key read is one of the list\'s, none glued to the words', () => {
    const once = '```\n.5.bn2.running_mean", "base_model._feature_blocks.layer3.5.bn2.running_var", "base_model._feature_blocks.layer3.5.conv3.weight", "base_model._feature_blocks.layer4.0.conv1.weight", "base_model._feature_blocks.layer4.0.downsample.1.running_mean", "';
    const r = parseErrorText(`${once}\n\nRunning it again gives the same error:\n\n${once}`, 'x');
    expect(r.unsided?.length).toBeGreaterThan(0);
    expect(r.unsided!.filter((k) => !k.startsWith('base_model._feature_blocks.'))).toEqual([]);
  });
});
