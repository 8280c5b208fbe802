// The node-opcua server the OPC UA hardware tests run against: a peer Tidegate did not write.
//
//   node server.js PORT PKI_DIR PASSWORD_FILE
//
// Listens on 127.0.0.1:PORT at /plant with security None and Basic256Sha256 (Sign, SignAndEncrypt),
// anonymous and user "operator" (password read from PASSWORD_FILE; there is no default). Its own
// certificate lives in PKI_DIR, so a restart with the same folder presents the same certificate.
// Address space, in its own namespace (ns=1, urn:tidegate:node-opcua:plant) under Objects/Plant:
//   s=Scalar.<Type>    one variable per built-in scalar type
//   s=Array.<Type>     Double, Int32 and String arrays
//   s=Counter          Int32, +1 every 100 ms
//   s=Setpoint         Int16, writable
//   s=Broken           Double whose status is BadSensorFailure
// Prints "READY <url>" once it listens; stops on SIGTERM or when stdin closes (the test died).
"use strict";
const fs = require("fs");
const path = require("path");
const {
    OPCUAServer, OPCUACertificateManager, Variant, DataType, VariantArrayType, StatusCodes,
    MessageSecurityMode, SecurityPolicy, LocalizedText, QualifiedName, coerceNodeId
} = require("node-opcua");

const [portText, pkiDir, passwordFile] = process.argv.slice(2);
if (!portText || !pkiDir || !passwordFile) {
    console.error("usage: node server.js PORT PKI_DIR PASSWORD_FILE");
    process.exit(2);
}
const password = fs.readFileSync(passwordFile, "utf8").trim();

async function main() {
    const serverCertificateManager = new OPCUACertificateManager({
        rootFolder: path.join(pkiDir, "server"),
        // The gateway's trust decisions are under test, not this server's: it accepts any client.
        automaticallyAcceptUnknownCertificate: true
    });
    await serverCertificateManager.initialize();
    const server = new OPCUAServer({
        port: Number(portText),
        hostname: "127.0.0.1",
        resourcePath: "/plant",
        serverCertificateManager,
        securityPolicies: [SecurityPolicy.None, SecurityPolicy.Basic256Sha256],
        securityModes: [MessageSecurityMode.None, MessageSecurityMode.Sign, MessageSecurityMode.SignAndEncrypt],
        allowAnonymous: true,
        userManager: { isValidUser: (user, pass) => user === "operator" && pass === password },
        serverInfo: { applicationUri: "urn:tidegate:node-opcua:server", productUri: "urn:tidegate:node-opcua" },
        buildInfo: { productName: "tidegate-node-opcua-test-server", buildNumber: "1" }
    });
    await server.initialize();

    const addressSpace = server.engine.addressSpace;
    const ns = addressSpace.registerNamespace("urn:tidegate:node-opcua:plant");
    const plant = ns.addFolder(addressSpace.rootFolder.objects, { browseName: "Plant", nodeId: "s=Plant" });

    const add = (id, dataType, value, extra = {}) => ns.addVariable({
        organizedBy: plant, browseName: id, nodeId: "s=" + id, dataType,
        value: new Variant({ dataType: DataType[dataType], value, ...extra.variant }),
        accessLevel: "CurrentRead", userAccessLevel: "CurrentRead",
        ...extra.options
    });
    add("Scalar.Boolean", "Boolean", true);
    add("Scalar.SByte", "SByte", -12);
    add("Scalar.Byte", "Byte", 200);
    add("Scalar.Int16", "Int16", -1234);
    add("Scalar.UInt16", "UInt16", 65000);
    add("Scalar.Int32", "Int32", -123456);
    add("Scalar.UInt32", "UInt32", 4000000000);
    const scalar64 = { variant: { arrayType: VariantArrayType.Scalar } };
    add("Scalar.Int64", "Int64", [2, 5], scalar64);     // high, low words: 2 * 2^32 + 5 = 8589934597
    add("Scalar.UInt64", "UInt64", [0, 4000000000], scalar64);
    add("Scalar.Float", "Float", 1.5);
    add("Scalar.Double", "Double", 3.25);
    add("Scalar.String", "String", "pump running");
    add("Scalar.DateTime", "DateTime", new Date("2026-01-02T03:04:05Z"));
    add("Scalar.Guid", "Guid", "09087E75-8E5E-499B-954F-F2A9603DB28A");
    add("Scalar.ByteString", "ByteString", Buffer.from([1, 2, 3]));
    add("Scalar.XmlElement", "XmlElement", "<a>1</a>");
    add("Scalar.NodeId", "NodeId", coerceNodeId("ns=1;s=Target"));
    add("Scalar.StatusCode", "StatusCode", StatusCodes.GoodOverload);
    add("Scalar.QualifiedName", "QualifiedName", new QualifiedName({ namespaceIndex: 1, name: "Name" }));
    add("Scalar.LocalizedText", "LocalizedText", new LocalizedText({ text: "Hello", locale: "en" }));

    const array = { variant: { arrayType: VariantArrayType.Array }, options: { valueRank: 1, arrayDimensions: [3] } };
    add("Array.Double", "Double", new Float64Array([1.5, 2.5, 3.5]), array);
    add("Array.Int32", "Int32", new Int32Array([-1, 0, 1]), array);
    add("Array.String", "String", ["a", "b", "c"], array);

    const setpoint = ns.addVariable({
        organizedBy: plant, browseName: "Setpoint", nodeId: "s=Setpoint", dataType: "Int16",
        accessLevel: "CurrentRead | CurrentWrite", userAccessLevel: "CurrentRead | CurrentWrite",
        value: new Variant({ dataType: DataType.Int16, value: 10 })
    });

    const counter = ns.addVariable({ organizedBy: plant, browseName: "Counter", nodeId: "s=Counter", dataType: "Int32",
        minimumSamplingInterval: 50 });
    let count = 0;
    counter.setValueFromSource(new Variant({ dataType: DataType.Int32, value: count }), StatusCodes.Good, new Date());
    const ticker = setInterval(() => {
        count += 1;
        counter.setValueFromSource(new Variant({ dataType: DataType.Int32, value: count }), StatusCodes.Good, new Date());
    }, 100);

    const broken = ns.addVariable({ organizedBy: plant, browseName: "Broken", nodeId: "s=Broken", dataType: "Double" });
    broken.setValueFromSource(new Variant({ dataType: DataType.Double, value: 0 }), StatusCodes.BadSensorFailure);

    await server.start();
    const url = server.getEndpointUrl();
    console.log("READY " + url + " ns=" + ns.index + " setpoint=" + setpoint.nodeId.toString());

    let stopping = false;
    const stop = async () => {
        if (stopping) return;
        stopping = true;
        clearInterval(ticker);
        await server.shutdown(0);
        process.exit(0);
    };
    process.on("SIGTERM", stop);
    process.on("SIGINT", stop);
    process.stdin.on("end", stop);   // the test JVM went away without stopping us
    process.stdin.resume();
}

main().catch((err) => {
    console.error("server failed: " + (err && err.stack || err));
    process.exit(1);
});
