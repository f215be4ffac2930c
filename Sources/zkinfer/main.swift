import Foundation

// zkinfer: the command-line front end of the ZKInfer pipeline. See `CLI` for dispatch and `ExitStatus`.
exit(CLI.run(Array(CommandLine.arguments.dropFirst())).rawValue)
