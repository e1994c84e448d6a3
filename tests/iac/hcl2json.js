// hcl2json.js — parse Terraform files with @cdktf/hcl2json and print the JSON.
//
// usage: node hcl2json.js FILE.tf...
// Prints one JSON object {"<file name>": <parsed HCL>, ...}; a file that does not
// parse is an error (exit 1) naming the file and the parser's message.
'use strict';
const fs = require('fs');
const path = require('path');
const { parse } = require('@cdktf/hcl2json');

async function main(files) {
  if (files.length === 0) {
    console.error('usage: node hcl2json.js FILE.tf...');
    process.exit(2);
  }
  const result = {};
  for (const file of files) {
    const text = fs.readFileSync(file, 'utf8');
    try {
      result[path.basename(file)] = await parse(file, text);
    } catch (err) {
      console.error(`${file}: HCL does not parse: ${err && err.message ? err.message : err}`);
      process.exit(1);
    }
  }
  process.stdout.write(JSON.stringify(result, null, 2) + '\n');
}

main(process.argv.slice(2)).catch((err) => {
  console.error(`hcl2json.js: ${err && err.stack ? err.stack : err}`);
  process.exit(1);
});
