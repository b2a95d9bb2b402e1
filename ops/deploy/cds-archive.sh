#!/bin/sh
# Writes a class-data sharing (AppCDS) archive for one rcsgw.jar: the classes the gateway loads
# up to ready, parsed once here and mapped from the archive at every start after it, so that
# start-up takes less time and CPU. Run it again for every new jar (the JVM ignores, with a
# warning, an archive made for another jar or JVM). Start the gateway with
#   java -XX:SharedArchiveFile=ARCHIVE -jar JAR ...
# Usage: cds-archive.sh [JAR] [ARCHIVE]   (defaults /opt/rcsgw/rcsgw.jar /opt/rcsgw/rcsgw.jsa)
set -eu
jar=${1:-/opt/rcsgw/rcsgw.jar}
archive=${2:-/opt/rcsgw/rcsgw.jsa}
case "$archive" in /*) ;; *) archive="$(pwd)/$archive" ;; esac
case "$jar" in /*) ;; *) jar="$(pwd)/$jar" ;; esac
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
# the embedded demo (H2 in ./data here, ports on 127.0.0.1), stopped once ready: the archive is written as it exits
java -XX:ArchiveClassesAtExit="$archive" -XX:+UseParallelGC -jar "$jar" --demo > "$work/gateway.log" 2>&1 &
pid=$!
ready=no
for _ in $(seq 1 120); do
    if java -cp "$jar" io.rcsgw.gateway.HealthProbe http://127.0.0.1:9400/health/ready; then
        ready=yes
        break
    fi
    sleep 0.5
done
kill -TERM "$pid"
wait "$pid" || true
if [ "$ready" != yes ] || [ ! -s "$archive" ]; then
    echo "no archive written; the gateway's output:" >&2
    cat "$work/gateway.log" >&2
    exit 1
fi
echo "wrote $archive"
