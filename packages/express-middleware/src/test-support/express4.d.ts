// `express4` is a dev-only alias of express@4 (npm:express@4.22.3) so the tests run both majors; it has
// no types of its own, and the v5 types are close enough for what the tests call.
declare module 'express4' {
  import express from 'express';
  export default express;
}
