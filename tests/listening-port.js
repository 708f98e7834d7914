// Preloaded (node --require) into an emulator that does not say which port it bound when asked for port 0 (Azurite's
// standalone table service prints the port it was given): prints each HTTP server's bound address once it listens, so
// that test fixtures can start it on port 0 instead of a port picked beforehand that another program could take.
const http = require("http");
const listen = http.Server.prototype.listen;
http.Server.prototype.listen = function (...args) {
  this.once("listening", () => {
    const address = this.address();
    if (address && typeof address === "object") {
      console.log(`HTTP server listening at ${address.address}:${address.port}`);
    }
  });
  return listen.apply(this, args);
};
