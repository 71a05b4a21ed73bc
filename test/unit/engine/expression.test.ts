import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { compileExpression, ExpressionError } from '../../../src/engine/expression.js';

const worker = {
  skills: { billing: 5, sales: 2 },
  languages: ['en', 'es'],
  team: 'gold',
  level: 4,
  routing: { tier: 'vip' },
};

describe('target-workers expressions', () => {
  const cases: [string, boolean][] = [
    ['skills HAS "billing" AND languages HAS "es"', true],
    ['skills HAS "support"', false],
    ['team == "gold"', true],
    ["team != 'gold'", false],
    ['level >= 3', true],
    ['level > 4', false],
    ['level < 5 AND level <= 4', true],
    ['team == "silver" OR level >= 4', true],
    ['NOT team == "gold"', false],
    ['!(team == "gold") || skills.billing >= 5', true],
    ['routing.tier == "vip"', true],
    ['routing.missing == "x"', false],
    ['team IN ["gold", "platinum"]', true],
    ['team NOT IN ["gold"]', false],
    ['languages IN ["fr", "es"]', true],
    ['(team == "gold" AND (level == 1 OR level == 4)) and skills has "sales"', true],
    ['1 == 1', true],
    ['level == "4"', true],
  ];
  for (const [source, expected] of cases) {
    it(`${source} → ${expected}`, () => assert.equal(compileExpression(source)(worker), expected));
  }

  const malformed: [string, number, RegExp][] = [
    ['skills HAS', 10, /end/],
    ['team == "gold', 8, /Unterminated string/],
    ['(team == "gold"', 15, /Missing "\)"/],
    ['team == "gold")', 14, /Unexpected token "\)"/],
    ['team === "gold"', 7, /Expected a value/],
    ['level >= 3 AND', 14, /end/],
    ['team # "x"', 5, /Unexpected character "#"/],
    ['', 0, /Empty/],
    ['skills. HAS "x"', 7, /attribute name/],
    ['team IN ["a" "b"]', 13, /Expected "," or "\]"/],
  ];
  for (const [source, position, reason] of malformed) {
    it(`rejects ${JSON.stringify(source)} at position ${position}`, () => {
      assert.throws(
        () => compileExpression(source),
        (error: unknown) => {
          assert.ok(error instanceof ExpressionError);
          assert.equal(error.position, position);
          assert.match(error.message, reason);
          assert.match(error.message, new RegExp(`position ${position}`));
          return true;
        },
      );
    });
  }
});
