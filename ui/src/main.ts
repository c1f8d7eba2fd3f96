import "./app.css";
import { mount } from "svelte";
import App from "./App.svelte";
import { tauriBackend } from "./lib/backend";

const target = document.getElementById("app");
if (!target) {
  throw new Error("index.html has no #app element to mount Aerial Desk into");
}

mount(App, { target, props: { backend: tauriBackend } });
