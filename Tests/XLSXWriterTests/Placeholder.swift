// Tests for this module land with it (kept on branch forms until the writer's tests are merged).
