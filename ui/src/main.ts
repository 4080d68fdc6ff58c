import { mount } from "svelte";
import "./lib/ui/theme.css";
import App from "./App.svelte";
import { savedTheme, setTheme } from "./lib/theme";

setTheme(savedTheme());

const app = mount(App, { target: document.getElementById("app")! });

export default app;
