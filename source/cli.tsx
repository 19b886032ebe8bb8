#!/usr/bin/env node
console.log('prodex-top: under construction');
