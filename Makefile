# `sam build` runs the target named after the function (template.yaml: Metadata BuildMethod makefile) in a copy of
# the project, with ARTIFACTS_DIR the folder it zips. The java21 runtime puts the package's root and every jar of its
# lib/ on the classpath: the classes go to the root, the runtime dependencies to lib/. The tests are left to
# `./mvnw verify`; the wrapper brings Maven, so only make and a JDK 21 or newer are needed.
build-JanitorFunction:
	./mvnw -q -B -DskipTests -Dfunction.dir="$(ARTIFACTS_DIR)" package dependency:copy-dependencies@function-lib
	cp -R target/classes/. "$(ARTIFACTS_DIR)"

.PHONY: build-JanitorFunction
