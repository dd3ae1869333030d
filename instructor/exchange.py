"""nbgrader's exchange for a class sharing one machine, with its holes closed (the JupyterHub deployment).

nbgrader's default exchange (``nbgrader.exchange.default``) is one folder every account can write to. Out of
the box, on a multi-user machine:

- a submission is a folder of the exchange's ``inbound/`` named ``<student>+<assignment>+<timestamp>+<random>``,
  made writable by everyone (mode 0777) and its files readable by everyone: whoever learns the name can read
  or rewrite another student's work (and its ``submission_secret.txt``, the key to their feedback);
- ``nbgrader submit --student SOMEONE`` (or a folder made by hand under that name) files a submission in
  someone else's name; ``collect`` takes the newest per name, so it also replaces that student's own work,
  and nbgrader only logs a warning when the folder's owner differs from the name;
- the exchange root must be writable by everyone, so a student can create a course's folder first.

These classes, plugged in through nbgrader's ``ExchangeFactory`` (the hub's per-role nbgrader config sets
``c.ExchangeFactory.<action> = "instructor.exchange.<Class>"``), close them. They rely on the layout that
``instructor.hub`` sets up once, as root:

    <root>/                  root, 0755          nobody but root creates courses
    <root>/<course>/         instructor:graders  0755
        outbound/            instructor:graders  0755   released assignments, readable by the class
        inbound/             instructor:graders  3733   sticky (nobody renames or deletes another's folder),
                                                        setgid (every submission's group is the graders'),
                                                        not listable: students can only add folders
        feedback/            instructor:graders  0711   feedback files named by a secret-keyed hash

- `CourseSubmit`: a student submits only in their own name (the account's), and the submission is theirs
  alone and the graders' (folders 0750, files 0640, group graders by the setgid folder): no other student
  reads or writes it, whatever its name.
- `CourseCollect`: a submission counts for a student only if that student's account owns the folder; others
  are left out before the newest is chosen (a folder forged in someone's name can neither replace their
  work nor be collected), and each one is logged as refused.
- every class: the exchange root need not be writable by everyone (`SafeRoot`).
"""
from __future__ import annotations

import glob
import os
import pwd
import secrets
import shutil
import stat

from nbgrader.api import Gradebook, MissingEntry
from nbgrader.exchange.default import (ExchangeCollect, ExchangeFetchAssignment, ExchangeFetchFeedback,
                                       ExchangeList, ExchangeReleaseAssignment, ExchangeReleaseFeedback,
                                       ExchangeSubmit)
from nbgrader.utils import check_mode, get_username

SUBMISSION_DIR_MODE = 0o750   # the student, and the graders' group (inherited from inbound/'s setgid)
SUBMISSION_FILE_MODE = 0o640


class SafeRoot:
    """The exchange root exists and can be traversed; it need not (and should not) be writable by all."""

    def ensure_root(self):
        if not os.path.isdir(self.root) or not check_mode(self.root, execute=True):
            self.fail(f"The exchange {self.root} is missing or unreachable: ask your instructor")


def owner(path: str) -> str:
    """The account owning ``path`` (its uid as text when no account has it)."""
    uid = os.lstat(path).st_uid
    try:
        return pwd.getpwuid(uid).pw_name
    except KeyError:
        return str(uid)


class CourseSubmit(SafeRoot, ExchangeSubmit):
    """nbgrader's submit, in the account's own name only, readable by the student and the graders only."""

    def init_dest(self):
        me = get_username()
        if self.coursedir.student_id not in ("*", "", me):
            self.fail(f"You can only submit as yourself ({me}), not as {self.coursedir.student_id!r}.")
        super().init_dest()

    def copy_files(self):
        self.init_release()
        submission_secret = secrets.token_hex(64)
        dest_path = os.path.join(self.inbound_path, self.assignment_filename)
        if self.add_random_string:
            cache_path = os.path.join(self.cache_path, self.assignment_filename.rsplit("+", 1)[0])
        else:
            cache_path = os.path.join(self.cache_path, self.assignment_filename)
        self.log.info("Source: {}".format(self.src_path))
        self.log.info("Destination: {}".format(dest_path))
        self.check_filename_diff()
        old_umask = os.umask(0o077)
        try:
            # the student's own copy first (nbgrader's cache: what `list` shows, what fetch_feedback keys on),
            # with nbgrader's filters (ignored files, size limits); the submission is a copy of it
            os.makedirs(self.cache_path, exist_ok=True)
            self.do_copy(self.src_path, cache_path)
            for name, text in (("timestamp.txt", self.timestamp), ("submission_secret.txt", submission_secret)):
                with open(os.path.join(cache_path, name), "w") as fh:
                    fh.write(text)
            copy_private(cache_path, dest_path)
        finally:
            os.umask(old_umask)
        self.log.info("Submitted as: {} {} {}".format(
            self.coursedir.course_id, self.coursedir.assignment_id, str(self.timestamp)))


def copy_private(src: str, dest: str) -> None:
    """Copy the folder ``src`` to ``dest`` (in inbound/) as the student's and the graders' only.

    Every folder and file is created inside ``dest``, made in the setgid inbound/, so each one's group is the
    graders' (a student cannot give a file to a group they are not in); contents only, never the source's
    modes. Then files 0640, folders 0750.
    """
    os.mkdir(dest, 0o700)
    dirs = [dest]
    for dirpath, dirnames, filenames in os.walk(src):
        target = os.path.join(dest, os.path.relpath(dirpath, src))
        for name in dirnames:
            os.mkdir(os.path.join(target, name), 0o700)
            dirs.append(os.path.join(target, name))
        for name in filenames:
            path = os.path.join(target, name)
            shutil.copyfile(os.path.join(dirpath, name), path, follow_symlinks=False)
            if not os.path.islink(path):
                os.chmod(path, SUBMISSION_FILE_MODE)
    for path in reversed(dirs):
        os.chmod(path, SUBMISSION_DIR_MODE)


class CourseCollect(SafeRoot, ExchangeCollect):
    """nbgrader's collect, counting a submission only for the account that owns it."""

    refused: list

    def init_src(self):
        if self.coursedir.course_id == "":
            self.fail("No course id specified. Re-run with --course flag.")
        self.course_path = os.path.join(self.root, self.coursedir.course_id)
        self.inbound_path = os.path.join(self.course_path, "inbound")
        if not os.path.isdir(self.inbound_path):
            self.fail("Course not found: {}".format(self.inbound_path))
        if not check_mode(self.inbound_path, read=True, execute=True):
            self.fail("You don't have read permissions for the directory: {}".format(self.inbound_path))
        student_id = self.coursedir.student_id if self.coursedir.student_id else "*"
        pattern = os.path.join(self.inbound_path, "{}+{}+*".format(student_id, self.coursedir.assignment_id))
        records, self.refused = [], []
        for path in sorted(glob.glob(pattern)):
            record = self._path_to_record(path)
            account = owner(path)
            if account != record["username"] or not os.path.isdir(path) or os.path.islink(path):
                self.refused.append((record["filename"], account))
                self.log.error("Refused %s: submitted in the name of %s by the account %s", record["filename"],
                               record["username"], account)
                continue
            mode = stat.S_IMODE(os.lstat(path).st_mode)
            if mode & 0o022:
                self.log.warning("%s is writable by other accounts (mode %o): submitted with another exchange?",
                                 record["filename"], mode)
            records.append(record)

        groups: dict[str, list] = {}
        for record in records:
            groups.setdefault(record["username"], []).append(record)
        with Gradebook(self.coursedir.db_url, self.coursedir.course_id) as gb:
            try:
                self.duedate = gb.find_assignment(self.coursedir.assignment_id).duedate
            except MissingEntry:
                self.duedate = None
        self.src_records = []
        for group in groups.values():
            ordered = self._sort_by_timestamp(group)
            if self.duedate is not None and self.before_duedate:
                on_time = [r for r in ordered if r["timestamp"] <= self.duedate]
                ordered = on_time or ordered
            self.src_records.append(ordered[0])


class CourseReleaseAssignment(SafeRoot, ExchangeReleaseAssignment):
    pass


class CourseReleaseFeedback(SafeRoot, ExchangeReleaseFeedback):
    pass


class CourseFetchAssignment(SafeRoot, ExchangeFetchAssignment):
    pass


class CourseFetchFeedback(SafeRoot, ExchangeFetchFeedback):
    pass


class CourseList(SafeRoot, ExchangeList):
    pass


FACTORY = {
    "collect": CourseCollect, "submit": CourseSubmit, "release_assignment": CourseReleaseAssignment,
    "release_feedback": CourseReleaseFeedback, "fetch_assignment": CourseFetchAssignment,
    "fetch_feedback": CourseFetchFeedback, "list": CourseList,
}


def factory_config() -> str:
    """The nbgrader_config.py lines that plug these classes into nbgrader's ExchangeFactory."""
    return "".join(f'c.ExchangeFactory.{action} = "{__name__}.{cls.__name__}"\n'
                   for action, cls in FACTORY.items())
