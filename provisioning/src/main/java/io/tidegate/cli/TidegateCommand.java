package io.tidegate.cli;

import io.tidegate.runtime.Logging;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code tidegate} command for installers. */
@Command(name = "tidegate", mixinStandardHelpOptions = true, version = "tidegate 0.1.0",
        description = "Edge gateway runtime: reads field devices, keeps every reading, forwards it upstream.",
        subcommands = {DemoCommand.class, RunCommand.class, ValidateCommand.class, WatchCommand.class,
                ModbusCommand.class,
                OpcUaCommand.class, StatusCommand.class, ProvisionCommand.class, PackageCommand.class})
public final class TidegateCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        Logging.configure();
        System.exit(new CommandLine(new TidegateCommand()).execute(args));
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
