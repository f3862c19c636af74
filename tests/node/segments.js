#!/usr/bin/env node
// Twilio's own segment calculator (sms-segments-calculator, pinned in package-lock.json),
// asked by tests/sms_counter.py how Twilio counts each text.
//
//   node segments.js [--smart] < texts.json   (a JSON array of strings)
//   node segments.js --smart-map               (the Smart Encoding map it emulates)
//
// For each text it writes {encoding, segments, units, graphemes, nonGsm}: units are the
// library's code units (septets for GSM-7, UTF-16 units for UCS-2), graphemes the UTF-16
// length of each grapheme it keeps whole. With --smart each also has `smart`: the text
// Smart Encoding would send, and how that counts.
'use strict';

const { SegmentedMessage } = require('sms-segments-calculator');
const SmartEncodingMap = require('sms-segments-calculator/dist/libs/SmartEncodingMap').default;

function count(text, smartEncoding) {
  const message = new SegmentedMessage(text, 'auto', smartEncoding);
  return {
    encoding: message.encodingName,
    segments: message.segmentsCount,
    units: message.encodedChars.reduce((sum, char) => sum + char.codeUnits.length, 0),
    graphemes: message.graphemes.map((grapheme) => grapheme.length),
    nonGsm: message.getNonGsmCharacters(),
  };
}

function main() {
  const args = process.argv.slice(2);
  if (args.includes('--smart-map')) {
    process.stdout.write(JSON.stringify(SmartEncodingMap));
    return;
  }
  const smart = args.includes('--smart');
  const texts = JSON.parse(require('fs').readFileSync(0, 'utf8'));
  const results = texts.map((text) => {
    const result = count(text, false);
    if (smart) {
      // The library keeps no copy of the replaced text; its graphemes, joined, are it.
      const encoded = new SegmentedMessage(text, 'auto', true);
      result.smart = { text: encoded.graphemes.join(''), ...count(text, true) };
    }
    return result;
  });
  process.stdout.write(JSON.stringify(results));
}

main();
