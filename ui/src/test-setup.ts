// Unmount what each test rendered, so tests do not see each other's DOM.
import { cleanup } from "@testing-library/svelte";
import { afterEach } from "vitest";

afterEach(() => cleanup());
