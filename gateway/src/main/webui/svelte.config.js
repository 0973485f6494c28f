export default {
  compilerOptions: {
    // runes everywhere: no legacy reactivity in this app
    runes: true,
  },
};
