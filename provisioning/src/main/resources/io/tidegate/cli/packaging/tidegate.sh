#!/bin/sh
# The tidegate command for installers, installed by the tidegate package.
set -e
TIDEGATE_JAVA_OPTS=-Xmx64m
[ -r /etc/default/tidegate ] && . /etc/default/tidegate
exec java $TIDEGATE_JAVA_OPTS -Dtidegate.home=/usr/share/tidegate -cp '/usr/share/tidegate/lib/*' \
  io.tidegate.cli.TidegateCommand "$@"
