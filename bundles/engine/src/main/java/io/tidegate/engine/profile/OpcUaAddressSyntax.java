package io.tidegate.engine.profile;

import java.util.regex.Pattern;

/**
 * The syntax of OPC UA point addresses (docs/opcua.md), checked when the profile loads so that a
 * typo is reported with its file, line and column before anything starts. The OPC UA driver parses
 * the same grammar into Milo NodeIds (its NodeAddress); the server then says whether the node exists.
 * <ul>
 *   <li>NodeId: {@code ns=2;s=Line1.Speed}, {@code i=2258}, {@code ns=3;i=1001}, {@code ns=2;g=<guid>},
 *       {@code ns=2;b=<base64>}, {@code nsu=urn:plc:line;s=Speed};</li>
 *   <li>browse path from the Objects folder: {@code /2:Plant/2:Line1/2:Speed};</li>
 *   <li>either preceded by {@code index=N;} to read element N of an array.</li>
 * </ul>
 */
final class OpcUaAddressSyntax {
    private static final Pattern INDEX = Pattern.compile("^index=\\d{1,9};");
    private static final Pattern NUMERIC = Pattern.compile("\\d{1,10}");
    private static final Pattern GUID = Pattern.compile(
            "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    private static final Pattern BASE64 = Pattern.compile("[A-Za-z0-9+/]+={0,2}");
    private static final Pattern STEP = Pattern.compile("(?:\\d{1,5}:)?.+", Pattern.DOTALL);

    private OpcUaAddressSyntax() {
    }

    /** What is wrong with the address, or null when it is well formed. */
    static String problem(String address) {
        String rest = INDEX.matcher(address).replaceFirst("");
        if (rest.startsWith("/")) {
            String[] steps = rest.substring(1).split("/", -1);
            for (String step : steps) {
                if (step.isBlank() || !STEP.matcher(step).matches()) {
                    return "browse path '" + address + "' has an empty step; write e.g. /2:Plant/2:Line1/2:Speed";
                }
                int colon = step.indexOf(':');
                if (colon > 0 && step.substring(0, colon).chars().allMatch(Character::isDigit)
                        && Integer.parseInt(step.substring(0, colon)) > 65535) {
                    return "browse path '" + address + "': namespace index above 65535";
                }
            }
            return null;
        }
        if (rest.startsWith("ns=")) {
            int semi = rest.indexOf(';');
            String ns = semi < 0 ? "" : rest.substring(3, semi);
            if (!NUMERIC.matcher(ns).matches() || Long.parseLong(ns) > 65535) {
                return usage(address, "the namespace index after ns= must be a number from 0 to 65535");
            }
            rest = rest.substring(semi + 1);
        } else if (rest.startsWith("nsu=")) {
            int semi = rest.indexOf(';');
            if (semi <= 4) {
                return usage(address, "nsu= needs the namespace URI and then ;s=, ;i=, ;g= or ;b=");
            }
            rest = rest.substring(semi + 1);
        }
        if (rest.length() < 3 || rest.charAt(1) != '=') {
            return usage(address, null);
        }
        String id = rest.substring(2);
        return switch (rest.charAt(0)) {
            case 'i' -> NUMERIC.matcher(id).matches() && Long.parseLong(id) <= 0xFFFF_FFFFL ? null
                    : usage(address, "i= takes a whole number from 0 to 4294967295");
            case 's' -> null;
            case 'g' -> GUID.matcher(id).matches() ? null : usage(address, "g= takes a GUID such as "
                    + "09087e75-8e5e-499b-954f-f2a9603db28a");
            case 'b' -> BASE64.matcher(id).matches() ? null : usage(address, "b= takes base64 bytes");
            default -> usage(address, null);
        };
    }

    private static String usage(String address, String detail) {
        return "'" + address + "' is not an OPC UA address" + (detail == null ? "" : " (" + detail + ")")
                + "; write a NodeId (ns=2;s=Line1.Speed, i=2258, nsu=urn:plc:line;s=Speed) or a browse path from "
                + "Objects (/2:Plant/2:Speed), optionally preceded by index=N; for one array element";
    }
}
