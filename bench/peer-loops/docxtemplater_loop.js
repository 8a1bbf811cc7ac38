#!/usr/bin/env node
// The docxtemplater peer in steady state: the loop of the peers' docxtemplater_fill.js (read,
// unzip, render, zip with DEFLATE, write), W warm-up documents for the JIT, then N documents
// timed one by one. Run with the working folder set to the npm copy of the peers folder (it
// holds node_modules, data.json and the template).
//
// Usage: node docxtemplater_loop.js N W OUT.docx
// Prints one JSON line: per-document wall median (ms), CPU mean (ms, all threads), bytes.
"use strict";
const fs = require("fs");
const path = require("path");
const modules = path.join(process.cwd(), "node_modules");
const PizZip = require(path.join(modules, "pizzip"));
const Docxtemplater = require(path.join(modules, "docxtemplater"));

const n = parseInt(process.argv[2], 10);
const warm = parseInt(process.argv[3], 10);
const out = process.argv[4];
const template = "report-template-docxtemplater.docx";
const data = JSON.parse(fs.readFileSync("data.json", "utf8"));

function one() {
  const zip = new PizZip(fs.readFileSync(template));
  const doc = new Docxtemplater(zip, { paragraphLoop: true, linebreaks: true });
  doc.render(data);
  fs.writeFileSync(out, doc.getZip().generate({ type: "nodebuffer", compression: "DEFLATE" }));
}

for (let i = 0; i < warm; i++) one();
const walls = [];
const cpu0 = process.cpuUsage();
for (let i = 0; i < n; i++) {
  const t0 = process.hrtime.bigint();
  one();
  walls.push(Number(process.hrtime.bigint() - t0) / 1e6);
}
const cpu = process.cpuUsage(cpu0);
walls.sort((a, b) => a - b);
const median = n % 2 ? walls[(n - 1) / 2] : (walls[n / 2 - 1] + walls[n / 2]) / 2;
console.log(JSON.stringify({ ms: median, cpu_ms: (cpu.user + cpu.system) / 1000 / n,
                             bytes: fs.statSync(out).size }));
