// The core's services, filled in by the modules of src-main/core/modules.ts in order.
// Each domain adds its own optional field here (one line) and sets it in its module's start().
export interface CoreServices {
  [key: string]: unknown;
}
