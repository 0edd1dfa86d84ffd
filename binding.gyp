{
  # One addon target. RE2 is optional: detected with pkg-config; without it the matcher is compiled out
  # and the JS matcher is used (safeshell doctor says why).
  "targets": [
    {
      "target_name": "addon",
      "variables": { "have_re2": "<!(node native/detect-re2.cjs exists)" },
      "sources": [
        "native/addon.cc",
        "native/errors.cc",
        "native/matcher.cc",
        "native/regex_engine.cc",
        "native/spawn.cc",
        "native/child.cc",
        "native/reaper.cc",
        "native/peercred.cc",
        "native/pty.cc",
        "native/fdpass.cc"
      ],
      "include_dirs": ["<!(node -p \"require('node-addon-api').include_dir\")"],
      "defines": ["NAPI_VERSION=8", "NODE_ADDON_API_DISABLE_DEPRECATED", "NODE_ADDON_API_CPP_EXCEPTIONS"],
      "cflags!": ["-fno-exceptions"],
      "cflags_cc!": ["-fno-exceptions", "-fno-rtti", "-std=gnu++1y", "-std=gnu++17"],
      "cflags_cc": ["-std=c++17", "-fvisibility=hidden", "-Wall", "-Wextra", "-fexceptions"],
      "conditions": [
        ["have_re2==1", {
          "defines": ["SAFESHELL_HAVE_RE2=1"],
          "cflags_cc": ["<!@(node native/detect-re2.cjs cflags)"],
          "libraries": ["<!@(node native/detect-re2.cjs libs)"]
        }]
      ],
      "configurations": {
        "Debug": { "cflags_cc": ["-Werror", "-g", "-O0"] },
        "Release": { "cflags_cc": ["-O2"] }
      }
    }
  ]
}
