// Target profiles: the shipped one loads and offers every trigger; every malformed profile is an
// error naming the file and line; placeholders and signals.
#include <gtest/gtest.h>

#include <string>

#include "faults/profile.hpp"
#include "scenario/loader/loader.hpp"

namespace wsconform::faults {
namespace {

// The error message loading `yaml` gives, or "" if it loads.
std::string load_error(const std::string& yaml) {
  try {
    load_profile_text(yaml, "p.yaml");
  } catch (const scenario::LoadError& error) {
    return error.what();
  }
  return "";
}

TEST(Profile, TheShippedReferenceProfileOffersEveryTrigger) {
  const TargetProfile profile =
      load_profile_file(WSCONFORM_PROFILE_DIR "/wsconform-websocketpp-server.yaml");
  ASSERT_TRUE(profile.start);
  EXPECT_EQ(profile.start->ready_line, std::optional<std::string>("listening on"));
  const scenario::TriggerSet triggers = profile.trigger_set();
  for (const std::string_view trigger :
       {scenario::kTriggerHandlerException, scenario::kTriggerHandshakeFailure,
        scenario::kTriggerRestart, scenario::kTriggerCapacity, scenario::kTriggerCrash,
        scenario::kTriggerBackend, scenario::kTriggerBackendDown, scenario::kTriggerBackendUp,
        scenario::kTriggerBackendRequest}) {
    EXPECT_TRUE(triggers.offers(trigger)) << trigger;
  }
  EXPECT_FALSE(triggers.offers("teleport"));
}

TEST(Profile, AMinimalProfileIsJustAUrlAndOffersNothing) {
  const TargetProfile profile = load_profile_text("url: ws://127.0.0.1:9001/\n", "p.yaml");
  EXPECT_EQ(profile.url, std::optional<std::string>("ws://127.0.0.1:9001/"));
  EXPECT_FALSE(profile.start);
  const scenario::TriggerSet triggers = profile.trigger_set();
  EXPECT_FALSE(triggers.offers(scenario::kTriggerHandlerException));
  EXPECT_FALSE(triggers.offers(scenario::kTriggerCrash));
}

TEST(Profile, ReadsHeadersTlsAndEveryKindOfRestart) {
  const TargetProfile by_signal = load_profile_text(R"(url: wss://example.test/ws
headers: {Authorization: Bearer x}
tls: {insecure: true, sni: example.test}
start: {command: [server, --tls], ready: {tcp: true}}
triggers:
  restart: {signal: HUP, reconnect_within_ms: 2500}
)",
                                                    "p.yaml");
  ASSERT_EQ(by_signal.headers.size(), 1u);
  EXPECT_EQ(by_signal.headers[0].value, "Bearer x");
  EXPECT_TRUE(by_signal.insecure);
  EXPECT_EQ(by_signal.sni, "example.test");
  EXPECT_EQ(by_signal.restart->signal, std::optional<int>(SIGHUP));
  EXPECT_EQ(by_signal.restart->reconnect_within.count(), 2500);
  EXPECT_FALSE(by_signal.trigger_set().restart->message);

  const TargetProfile by_command = load_profile_text(
      "url: ws://127.0.0.1:1/\ntriggers: {restart: {command: [systemctl, restart, app]}}\n",
      "p.yaml");
  EXPECT_EQ(by_command.restart->command.size(), 3u);
}

TEST(Profile, MistakesNameFileAndLine) {
  EXPECT_EQ(load_error("url: ws://127.0.0.1:1/\nurl_typo: 1\n"),
            "p.yaml:2: unknown key 'url_typo' in the profile (known: name, url, headers, tls, "
            "start, triggers)");
  EXPECT_NE(load_error("url: http://127.0.0.1/\n").find("p.yaml:1: bad 'url'"), std::string::npos);
  EXPECT_NE(load_error("url: ws://127.0.0.1:{port}/\n").find("only 'start' can fill in"),
            std::string::npos);
  EXPECT_NE(load_error("url: ws://h:1/\nstart: {command: []}\n").find("p.yaml:2:"),
            std::string::npos);
  EXPECT_NE(load_error("url: ws://h:1/\ntriggers:\n  crash: {}\n")
                .find("p.yaml:3: 'crash' needs 'start'"),
            std::string::npos);
  EXPECT_NE(
      load_error("url: ws://h:1/\ntriggers:\n  restart: {signal: HUP}\n").find("needs 'start'"),
      std::string::npos);
  EXPECT_NE(load_error("url: ws://h:1/\ntriggers:\n  restart: {message: a, command: [b]}\n")
                .find("exactly one of"),
            std::string::npos);
  EXPECT_NE(load_error("url: ws://h:1/\nstart: {command: [s], stop_signal: SIGNOPE}\n")
                .find("expected a signal"),
            std::string::npos);
  EXPECT_NE(
      load_error("url: ws://h:1/\ntriggers:\n  capacity: {connections: 0}\n").find("p.yaml:3:"),
      std::string::npos);
  EXPECT_NE(load_error("url: ws://h:1/\ntriggers:\n  handshake_failure: {path: fault}\n")
                .find("starting with '/'"),
            std::string::npos);
  EXPECT_NE(load_error("url: ws://h:1/\ntriggers:\n  backend: {address: nowhere}\n")
                .find("expected host:port"),
            std::string::npos);
  EXPECT_NE(load_error("start: {command: [s]}\n").find("needs the 'url'"), std::string::npos);
  EXPECT_NE(load_error("[1, 2]\n").find("p.yaml:1: expected a map"), std::string::npos);
  EXPECT_NE(
      load_error("url: ws://h:1/\nstart: {command: [s], ready: {stdout_line: x, tcp: true}}\n")
          .find("one of 'stdout_line' or 'tcp: true'"),
      std::string::npos);
}

TEST(Profile, PlaceholdersExpandOnlyWhenKnown) {
  Placeholders values;
  values.profile_dir = "/p";
  values.port = 8080;
  EXPECT_EQ(expand("{profile_dir}/bin --port {port} {backend_port} {other}", values),
            "/p/bin --port 8080 {backend_port} {other}");
  EXPECT_TRUE(uses_placeholder("ws://h:{port}/", "port"));
  EXPECT_FALSE(uses_placeholder("ws://h:1/", "port"));
}

TEST(Profile, SignalsByNameOrNumber) {
  EXPECT_EQ(parse_signal("SIGTERM"), std::optional<int>(SIGTERM));
  EXPECT_EQ(parse_signal("HUP"), std::optional<int>(SIGHUP));
  EXPECT_EQ(parse_signal("9"), std::optional<int>(9));
  EXPECT_FALSE(parse_signal("0"));
  EXPECT_FALSE(parse_signal("65"));
  EXPECT_FALSE(parse_signal("SIGFOO"));
  EXPECT_EQ(signal_name(SIGSEGV), "SIGSEGV");
  EXPECT_EQ(signal_name(40), "signal 40");
}

TEST(Profile, SignalsThatNeitherEndNorRestartAreRefused) {
  EXPECT_NE(
      load_error("url: ws://h:1/\nstart: {command: [s]}\ntriggers:\n  crash: {signal: SIGSTOP}\n")
          .find("'signal' cannot be SIGSTOP"),
      std::string::npos);
  EXPECT_NE(load_error("url: ws://h:1/\nstart: {command: [s], stop_signal: CONT}\n")
                .find("cannot be SIGCONT"),
            std::string::npos);
}

TEST(Profile, ACrashIsOnlyOfferedWhenTheSupervisorStartsTheServerAgain) {
  const TargetProfile restarted =
      load_profile_text("url: ws://h:1/\nstart: {command: [s]}\ntriggers: {crash: {}}\n", "p.yaml");
  EXPECT_TRUE(restarted.trigger_set().crash);
  const TargetProfile left_dead = load_profile_text(
      "url: ws://h:1/\nstart: {command: [s], restart_on_exit: false}\ntriggers: {crash: {}}\n",
      "p.yaml");
  EXPECT_FALSE(left_dead.trigger_set().crash);
}

}  // namespace
}  // namespace wsconform::faults
