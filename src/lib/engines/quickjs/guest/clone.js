// The `structuredClone` global, from @ungap/structured-clone.
'use strict';
const clone = require('ungap/index.js').default;

module.exports = function structuredClone(value, options) {
  if (arguments.length === 0) throw new TypeError("Failed to execute 'structuredClone': 1 argument required, but only 0 present.");
  return clone(value, options);
};
