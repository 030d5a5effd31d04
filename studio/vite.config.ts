import { defineConfig } from "vite";

// Served by `reelcut serve`: index.html at `/`, everything else under `/studio/`.
export default defineConfig({
  base: "/studio/",
  build: { outDir: "dist", emptyOutDir: true, assetsInlineLimit: 0 },
});
