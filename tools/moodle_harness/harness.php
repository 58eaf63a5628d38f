<?php
// Runs Moodle's own Moodle XML import code (question/format/xml/format.php and
// what it calls) on one file, outside Moodle, and prints what it read as JSON.
//
// Usage: php harness.php MOODLE_TREE FILE.xml
//
// MOODLE_TREE is a Moodle source tree (4.5 was used): only its lib/ and question/
// folders are read. Nothing of Moodle's is copied here; this file only stubs what
// a running site would provide (a database, the file store, the language strings,
// the logged-in user) and then calls the importer's real functions in the order
// the import page does (qformat_default::importprocess, stages 1 and 2 up to the
// database writes):
//   1. qformat_xml::readquestions(lines)   -- parse, and build each question object
//   2. a parse error stops the import      -- "stop on error" is the page's default
//   3. every answer fraction through match_grade_options(fraction_options_full(),
//      fraction, 'error')                  -- "match grades: error" is the default
//   4. each category path through qformat_default::split_category_path
//   5. an idnumber already used in the same category is dropped (importprocess
//      does this with a database query; here, among the file's own questions)
// The JSON: {"refused": bool, "errors": [...], "notifications": [...],
//            "questions": [{... the question object ..., "category_path": [...],
//                           "files": {"questiontext": [{"name", "size", "sha256"}], ...}}]}

if ($argc !== 3) {
    fwrite(STDERR, "usage: php harness.php MOODLE_TREE FILE.xml\n");
    exit(2);
}
$tree = rtrim(realpath($argv[1]), '/');
$file = $argv[2];
if (!is_file($tree . '/question/format/xml/format.php')) {
    fwrite(STDERR, "$tree is not a Moodle tree (no question/format/xml/format.php)\n");
    exit(2);
}

define('MOODLE_INTERNAL', true);
define('CLI_SCRIPT', true);
define('PHPUNIT_TEST', false);
define('DEBUG_DEVELOPER', E_ALL);
define('MEMORY_EXTRA', -3);

global $CFG, $USER, $OUTPUT, $DB;
$CFG = new stdClass();
$CFG->dirroot = $tree;
$CFG->libdir = $tree . '/lib';
$CFG->wwwroot = 'https://moodle.invalid';
$CFG->dataroot = sys_get_temp_dir();
$CFG->debug = 0;
$CFG->debugdeveloper = false;
$CFG->usetags = 1;
$USER = (object) ['id' => 2];

// Moodle's files are loaded through a shadow copy in which every require/include goes
// through harness_require(): a file that only a running site can load (the database,
// the string manager, the real file store) is skipped, its few functions stubbed below.
$harness_shadow = sys_get_temp_dir() . '/moodle-harness-shadow-' . md5($tree);
const HARNESS_SITE_FILES = ['lib/setuplib.php', 'lib/moodlelib.php', 'lib/weblib.php', 'lib/filelib.php',
    'lib/accesslib.php', 'lib/dmllib.php', 'lib/outputlib.php', 'lib/formslib.php', 'lib/datalib.php',
    'question/engine/bank.php'];

function harness_require(string $path) {
    global $tree, $harness_shadow, $CFG;
    $real = realpath($path);
    if ($real === false || !str_starts_with($real, $tree . '/')) {
        return true;
    }
    $relative = substr($real, strlen($tree) + 1);
    if (in_array($relative, HARNESS_SITE_FILES, true)) {
        return true;
    }
    $shadow = $harness_shadow . '/' . $relative;
    if (!is_file($shadow)) {
        $source = file_get_contents($real);
        $source = preg_replace('/\b(?:require|include)(?:_once)?\s*\(/', '\\harness_require(', $source);
        $source = str_replace('__DIR__', var_export(dirname($real), true), $source);
        @mkdir(dirname($shadow), 0777, true);
        file_put_contents($shadow, $source);
    }
    return require_once($shadow);
}

/** Where each class of question/ is declared, so the autoloader finds it by name. */
function harness_class_index(): array {
    global $tree;
    static $index = null;
    if ($index === null) {
        $index = [];
        $files = array_merge(glob($tree . '/question/type/*.php'), glob($tree . '/question/type/*/*.php'),
            glob($tree . '/question/engine/*.php'), glob($tree . '/question/*.php'));
        foreach ($files as $path) {
            preg_match_all('/^(?:abstract\s+|final\s+)?(?:class|interface|trait)\s+(\w+)/m',
                file_get_contents($path), $m);
            foreach ($m[1] as $name) {
                $index[$name] ??= $path;
            }
        }
    }
    return $index;
}

spl_autoload_register(function (string $class) use ($tree): void {
    $candidates = [];
    if (str_starts_with($class, 'core\\')) {
        $candidates[] = [$tree . '/lib/classes/' . str_replace('\\', '/', substr($class, 5)) . '.php', null];
    } else if (str_starts_with($class, 'core_question\\')) {
        $candidates[] = [$tree . '/question/classes/' . str_replace('\\', '/', substr($class, 14)) . '.php', null];
    } else if (isset(harness_class_index()[$class])) {
        $candidates[] = [harness_class_index()[$class], null];
    } else if (preg_match('/^core_([a-z_]+)$/', $class, $m)) {
        $candidates[] = [$tree . "/lib/classes/{$m[1]}.php", null];
    } else if (!str_contains($class, '\\')) {
        // Legacy global names of core exceptions: moodle_exception -> core\exception\moodle_exception.
        $candidates[] = [$tree . "/lib/classes/exception/{$class}.php", "core\\exception\\{$class}"];
    }
    foreach ($candidates as [$path, $alias]) {
        if (is_file($path)) {
            harness_require($path);
            if ($alias !== null && !class_exists($class, false) && class_exists($alias, false)) {
                class_alias($alias, $class);
            }
            return;
        }
    }
    // A class only a running site has (renderers, forms): an empty stand-in, listed in the output.
    if (!str_contains($class, '\\') && preg_match('/^\w+$/', $class)) {
        $GLOBALS['harness_stubbed'][] = $class;
        eval("abstract class $class {}");
    }
});
$harness_stubbed = [];

// --- what a running site provides -----------------------------------------

/** Language strings: the identifier and its argument, so a message says what it is. */
function get_string($identifier, $component = '', $a = null, $lazyload = false) {
    if ($a === null) {
        return "[$component:$identifier]";
    }
    return "[$component:$identifier " . json_encode($a, JSON_UNESCAPED_UNICODE | JSON_UNESCAPED_SLASHES) . ']';
}

/** The site's default for "shuffle within questions" is on. */
function get_config($plugin, $name = null) {
    if ($plugin === 'quiz' && $name === 'shuffleanswers') {
        return 1;
    }
    return false;
}

function debugging($message = '', $level = 0, $backtrace = null) {
    $GLOBALS['harness_notifications'][] = 'debugging: ' . $message;
    return true;
}

function raise_memory_limit($newlimit) {
    return true;
}

function make_unique_id_code($extra = '') {
    return 'stamp';
}

$harness_draftitem = 0;
function file_get_unused_draft_itemid() {
    global $harness_draftitem;
    return ++$harness_draftitem;
}

/** The file store: keeps what the importer would save as draft files, per draft item. */
class harness_file_storage {
    public array $files = [];

    public function create_file_from_string($filerecord, $content) {
        $record = (object) $filerecord;
        $this->files[$record->itemid][] = [
            'name' => $record->filename,
            'path' => $record->filepath,
            'size' => strlen($content),
            'sha256' => hash('sha256', $content),
        ];
        return $record;
    }
}

$harness_fs = new harness_file_storage();
function get_file_storage($reset = false) {
    global $harness_fs;
    return $harness_fs;
}

class context_user {
    public static function instance($userid, $strictness = 0) {
        return (object) ['id' => 1000 + $userid];
    }
}

class core_tag_tag {
    public static function is_enabled($component, $itemtype) {
        return true;
    }
}

class harness_output {
    public function notification($message, $type = null, $closebutton = true) {
        $GLOBALS['harness_notifications'][] = strip_tags($message);
        return '';
    }
}
$OUTPUT = new harness_output();
$harness_notifications = [];

/** question_bank's registry of types: the real type classes, loaded by name. */
class question_bank {
    private static array $qtypes = [];

    public static function get_qtype($qtypename, $mustexist = true) {
        global $CFG;
        if (!isset(self::$qtypes[$qtypename])) {
            $path = $CFG->dirroot . "/question/type/{$qtypename}/questiontype.php";
            if (!is_file($path)) {
                return null;
            }
            harness_require($path);
            $class = "qtype_{$qtypename}";
            self::$qtypes[$qtypename] = new $class();
        }
        return self::$qtypes[$qtypename];
    }

    public static function get_all_qtypes() {
        global $CFG;
        foreach (glob($CFG->dirroot . '/question/type/*/questiontype.php') as $path) {
            self::get_qtype(basename(dirname($path)));
        }
        return self::$qtypes;
    }

    /** The real list of grades, read from question/engine/bank.php (see harness_fraction_options). */
    public static function fraction_options_full() {
        return harness_fraction_options();
    }
}

// --- Moodle's own code ------------------------------------------------------

/**
 * Moodle's own functions, each read alone from its file: the files that hold them also
 * define what a running site provides (strings, config, the file store), stubbed above.
 */
function harness_load_functions(string $path, array $names): void {
    $source = str_replace("\r\n", "\n", file_get_contents($path));
    foreach ($names as $name) {
        if (function_exists($name)) {
            continue;
        }
        if (!preg_match('/^function ' . preg_quote($name, '/') . '\(/m', $source, $m, PREG_OFFSET_CAPTURE)) {
            throw new RuntimeException("no function $name in $path");
        }
        $start = $m[0][1];
        $end = strpos($source, "\n}\n", $start);
        eval(substr($source, $start, $end - $start + 2));
    }
}

// The constants those functions use, as lib/moodlelib.php and lib/weblib.php define them.
foreach (['moodlelib.php', 'weblib.php'] as $lib) {
    $source = str_replace("\r\n", "\n", file_get_contents($CFG->libdir . "/" . $lib));
    preg_match_all("/^define\\('(PARAM_[A-Z_]+|FORMAT_[A-Z]+)',\\s*([^)]*)\\);/m", $source, $defines, PREG_SET_ORDER);
    foreach ($defines as [, $name, $value]) {
        if (!defined($name)) {
            define($name, eval("return $value;"));
        }
    }
}
harness_load_functions($CFG->libdir . '/moodlelib.php', ['clean_param', 'shorten_text', 'format_float', 'fullclone', 'fix_utf8']);
harness_load_functions($CFG->libdir . '/weblib.php', ['s']);
harness_require($CFG->libdir . '/xmlize.php');
harness_require($CFG->dirroot . '/question/format.php');
harness_require($CFG->dirroot . '/question/format/xml/format.php');

/**
 * question_bank::fraction_options_full() as Moodle computes it: its method body runs
 * unchanged on a class of our own (the real question_bank class needs the database).
 */
function harness_fraction_options() {
    global $CFG;
    static $options = null;
    if ($options !== null) {
        return $options;
    }
    $source = str_replace("\r\n", "\n", file_get_contents($CFG->dirroot . "/question/engine/bank.php"));
    $start = strpos($source, 'protected static function ensure_fraction_options_initialised()');
    $end = strpos($source, "\n    }\n", $start);  // the method's closing brace
    $method = substr($source, $start, $end - $start + 6);
    eval('class harness_bank_fractions { private static $fractionoptions = null; '
        . 'private static $fractionoptionsfull = null; '
        . 'public static function full() { self::ensure_fraction_options_initialised(); '
        . 'return self::$fractionoptionsfull; } ' . $method . ' }');
    $options = harness_bank_fractions::full();
    return $options;
}

/** match_grade_options() from lib/questionlib.php, loaded alone (the file needs the question engine). */
function harness_load_match_grade_options() {
    global $CFG;
    if (function_exists('match_grade_options')) {
        return;
    }
    $source = str_replace("\r\n", "\n", file_get_contents($CFG->libdir . "/questionlib.php"));
    $start = strpos($source, 'function match_grade_options(');
    $end = strpos($source, "\n}\n", $start);
    eval(substr($source, $start, $end - $start + 2));
}

/** The base class's protected category splitter (the format keeps its own class name: question
 * types find their import method by it, "import_from_xml"). */
function harness_split_path(qformat_xml $format, string $path): array {
    $method = new ReflectionMethod(qformat_default::class, 'split_category_path');
    $method->setAccessible(true);
    return $method->invoke($format, $path);
}

// --- the import -------------------------------------------------------------

$format = new qformat_xml();
$errors = [];
$lines = file($file);
$lines[0] = core_text::trim_utf8_bom($lines[0]);
ob_start();
try {
    $questions = $format->readquestions($lines);
} catch (Throwable $e) {
    $questions = false;
    $errors[] = get_class($e) . ': ' . $e->getMessage();
}
$printed = trim(strip_tags(ob_get_clean()));
if ($printed !== '') {
    $errors[] = preg_replace('/\s+/', ' ', $printed);
}
$refused = !$questions || $format->importerrors > 0 || $errors;

// Stage 2: the grade check (importprocess, "match grades: error").
harness_load_match_grade_options();
$gradeoptionsfull = question_bank::fraction_options_full();
$good = [];
foreach ($questions ?: [] as $question) {
    if (!empty($question->fraction) && is_array($question->fraction)) {
        $invalid = [];
        foreach ($question->fraction as $key => $fraction) {
            $matched = match_grade_options($gradeoptionsfull, $fraction, 'error');
            if ($matched === false) {
                $invalid[] = $fraction;
            } else {
                $question->fraction[$key] = $matched;
            }
        }
        if ($invalid) {
            $errors[] = get_string('invalidgradequestion', 'question',
                ['grades' => implode(', ', $invalid), 'question' => $question->name]);
            $refused = true;
            continue;
        }
    }
    $good[] = $question;
}

// Categories, idnumbers and files, as importprocess would store them.
$category = ['$course$', 'Default'];
$usedids = [];
$out = [];
foreach ($good as $question) {
    if ($question->qtype === 'category') {
        $category = harness_split_path($format, $question->category);
        $out[] = ['qtype' => 'category', 'category_path' => $category, 'idnumber' => $question->idnumber];
        continue;
    }
    $key = implode("\x1f", $category);
    if (isset($question->idnumber) && (string) $question->idnumber !== '') {
        if (isset($usedids[$key][$question->idnumber])) {
            unset($question->idnumber);  // importprocess: "We cannot have duplicate idnumbers in a category".
        } else {
            $usedids[$key][$question->idnumber] = true;
        }
    }
    $record = json_decode(json_encode($question, JSON_PARTIAL_OUTPUT_ON_ERROR | JSON_INVALID_UTF8_SUBSTITUTE), true);
    $record['category_path'] = $category;
    $files = [];
    foreach ($record as $field => $value) {
        if (str_ends_with($field, 'itemid') && is_int($value) && isset($harness_fs->files[$value])) {
            $files[substr($field, 0, -6)] = $harness_fs->files[$value];
        }
    }
    foreach (['feedback', 'answer', 'subquestions'] as $listfield) {
        foreach ((array) ($record[$listfield] ?? []) as $i => $value) {
            if (is_array($value) && isset($value['itemid']) && isset($harness_fs->files[$value['itemid']])) {
                $files["{$listfield}[{$i}]"] = $harness_fs->files[$value['itemid']];
            }
        }
    }
    foreach (['graderinfo', 'correctfeedback', 'partiallycorrectfeedback', 'incorrectfeedback',
              'feedbacktrue', 'feedbackfalse'] as $field) {
        $value = $record[$field] ?? null;
        if (is_array($value) && isset($value['itemid']) && isset($harness_fs->files[$value['itemid']])) {
            $files[$field] = $harness_fs->files[$value['itemid']];
        }
    }
    $record['files'] = (object) $files;
    $out[] = $record;
}

echo json_encode([
    'refused' => (bool) $refused,
    'errors' => $errors,
    'notifications' => $harness_notifications,
    'stubbed_classes' => $harness_stubbed,
    'questions' => $out,
], JSON_PRETTY_PRINT | JSON_UNESCAPED_UNICODE | JSON_UNESCAPED_SLASHES | JSON_PARTIAL_OUTPUT_ON_ERROR), "\n";
exit($refused ? 1 : 0);
