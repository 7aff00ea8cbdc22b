import { mount } from "svelte";
import "./app.css";
import App from "./App.svelte";
import { installSwedishValidity } from "./lib/validity";

installSwedishValidity(document);

const app = mount(App, { target: document.getElementById("app")! });

export default app;
