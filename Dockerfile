# Earshot's one image: the `earshot` command line, run as the streams app, the webhook receiver or
# the alert forwarder by docker-compose.yml. Built from this checkout:
#   docker build -t earshot .
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY pom.xml .
COPY .mvn .mvn
COPY model model
COPY classifier classifier
COPY kafka-local kafka-local
COPY edge edge
COPY ingest ingest
COPY streams streams
COPY app app
RUN mvn -B -DskipTests -pl app -am package

FROM eclipse-temurin:17-jre
# curl answers the health checks. The streams app's state directory is made here, owned by earshot:
# a volume mounted on a directory of the image starts as a copy of it, one mounted where the image
# has none starts as root's, and the app, which runs as earshot, could not write its stores there.
RUN apt-get update -qq && apt-get install -y -qq --no-install-recommends curl && rm -rf /var/lib/apt/lists/* \
    && useradd --system --home-dir /var/lib/earshot --create-home earshot \
    && mkdir -p /var/lib/earshot/state && chown earshot:earshot /var/lib/earshot/state
COPY --from=build /src/app/target/earshot.jar /opt/earshot/earshot.jar
USER earshot
WORKDIR /var/lib/earshot
ENV JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75"
ENTRYPOINT ["java", "-jar", "/opt/earshot/earshot.jar"]
CMD ["--help"]
