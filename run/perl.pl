# crew run's evaluator of GNU parallel's perl replacement strings
# ({= perl =}, --rpl, --filter). crew starts it once per run as
# "perl -e <this file>"; run/perl.go speaks with it over descriptors 3
# (requests) and 4 (replies), so the code of the expressions keeps perl's
# own standard input, output and error. The protocol is in run/perl.go.
use strict;

# These two come before any lexical variable of this file, so that the code
# they compile sees only its own variables and the helpers below.

# The code of an expression becomes a sub in package Arg (where GNU parallel
# compiles them too), with strict and warnings off and $job its argument.
sub crew_compile {
	package Arg;
	return eval('sub { no strict; no warnings; my $job = shift; ' . $_[0] . ' }');
}

# A --filter is perl code after its replacement strings went in; its value
# decides. Like GNU parallel, under strict: an error is a false filter.
sub crew_filter {
	package Crew::Filter;
	return eval($_[0]);
}

my ($seq, $slot, $skip, $unquote, $total) = (0, 0, 0, 0, -1);

package Crew::Job;
# $job in an expression.
sub seq { $seq }
sub slot { $slot }
sub skip { $skip = 1 }

package Arg;
# The helpers GNU parallel documents for {= =}.
our @arg;
sub seq() { $seq }
sub slot() { $slot }
sub skip() { $skip = 1 }
sub uq() { $unquote = 1 }
sub total_jobs() { $total }

sub Q($) {
	# Shell quoting as GNU parallel's for Bourne shells.
	my $s = shift;
	$s = '' unless defined $s;
	return "''" if $s eq '';
	return $s unless $s =~ m{[^-_.+a-zA-Z0-9/]};
	$s =~ s/'/'"'"'/g;
	$s = "'$s'";
	$s =~ s/^''//;
	$s =~ s/''$//;
	return $s;
}

sub pQ($) {
	my $s = shift;
	$s =~ s/([\\"\$\@])/\\$1/g if defined $s;
	return $s;
}

sub hash($) {
	require B;
	return B::hash($_[0]);
}

sub crew_now {
	require POSIX;
	return POSIX::strftime($_[0], localtime(time()));
}
sub yyyy_mm_dd_hh_mm_ss() { crew_now('%Y-%m-%dT%H:%M:%S') }
sub yyyy_mm_dd_hh_mm() { crew_now('%Y-%m-%dT%H:%M') }
sub yyyy_mm_dd() { crew_now('%Y-%m-%d') }
sub hh_mm_ss() { crew_now('%H:%M:%S') }
sub hh_mm() { crew_now('%H:%M') }
sub yyyymmddhhmmss() { crew_now('%Y%m%d%H%M%S') }
sub yyyymmddhhmm() { crew_now('%Y%m%d%H%M') }
sub yyyymmdd() { crew_now('%Y%m%d') }
sub hhmmss() { crew_now('%H%M%S') }
sub hhmm() { crew_now('%H%M') }

package main;
# Functions of GNU parallel that its documented --rpl definitions call.

# uniq: the distinct values.
sub uniq {
	my %seen;
	return grep { !$seen{$_}++ } @_;
}

# make_regexp_ungreedy: every quantifier (*, +, {n,m}) outside character
# classes made lazy.
sub make_regexp_ungreedy {
	my ($re) = @_;
	my ($out, $class, $esc, $lazy) = ('', 0, 0, 0);
	for my $c (split //, $re) {
		if ($lazy) {
			$out .= '?' if $c ne '?';
			$lazy = 0;
		}
		$out .= $c;
		if ($esc) { $esc = 0; next }
		if ($c eq '\\') { $esc = 1; next }
		if ($class) { $class = 0 if $c eq ']'; next }
		if ($c eq '[') { $class = 1; next }
		$lazy = 1 if $c eq '*' || $c eq '+' || $c eq '}';
	}
	$out .= '?' if $lazy;
	return $out;
}

open(my $in, '<&=', 3) or die "crew perl: descriptor 3: $!\n";
open(my $out, '>&=', 4) or die "crew perl: descriptor 4: $!\n";
binmode $in;
binmode $out;
# What the expressions print goes out as they print it, as in GNU parallel.
$| = 1;

sub line {
	local $/ = "\n"; # whatever the expressions did to it
	my $l = readline($in);
	exit 0 unless defined $l;
	chomp $l;
	return $l;
}

sub bytes {
	my ($n) = @_;
	my $s = '';
	while (length($s) < $n) {
		my $got = read($in, $s, $n - length($s), length($s));
		exit 0 unless $got;
	}
	return $s;
}

sub reply {
	my ($s) = @_;
	while (length $s) {
		my $n = syswrite($out, $s);
		die "crew perl: write: $!\n" unless defined $n;
		substr($s, 0, $n) = '';
	}
}

sub error_reply {
	my ($msg) = @_;
	utf8::encode($msg) if utf8::is_utf8($msg);
	reply('err ' . length($msg) . "\n" . $msg);
}

# Setup: the number of expressions, the number of jobs (-1 if unknown) and
# of job slots, then each expression's code. Each is compiled once.
my ($count, $jobs, $slots) = split ' ', line();
$total = $jobs;
$Global::max_jobs_running = $slots;
my @subs;
for my $i (0 .. $count - 1) {
	my $code = bytes(line());
	my $sub = crew_compile($code);
	if (!$sub) {
		error_reply("$i $@");
		exit 0;
	}
	push @subs, $sub;
}
reply("ok\n");

my $job = bless {}, 'Crew::Job';
while (1) {
	# A job: its number, slot, arguments, the (expression, argument)
	# pairs to evaluate, and the groups of --filter code to run.
	my ($jseq, $jslot, $nargs, $ntasks, $ngroups) = split ' ', line();
	($seq, $slot, $skip) = ($jseq, $jslot, 0);
	my @args = map { bytes(line()) } 1 .. $nargs;
	my @tasks = split ' ', line();
	my @groups;
	for (1 .. $ngroups) {
		my @parts;
		for (1 .. line()) {
			my $h = line();
			if ($h =~ /^v(\d+)$/) {
				push @parts, [1, $1];
			} else {
				push @parts, [0, bytes(substr($h, 1))];
			}
		}
		push @groups, \@parts;
	}
	@Arg::arg = (undef, @args);
	my (@vals, $body, $failed);
	for (my $i = 0; $i < @tasks; $i += 2) {
		my ($e, $k) = @tasks[$i, $i + 1];
		local $_ = $k < @args ? $args[$k] : '';
		$unquote = 0;
		if (!eval { $subs[$e]->($job); 1 }) {
			$failed = "$e " . ($@ eq '' ? "died\n" : $@);
			last;
		}
		my $v = defined $_ ? "$_" : '';
		utf8::downgrade($v, 1) or utf8::encode($v);
		push @vals, $v;
		$body .= ($unquote ? 1 : 0) . ' ' . length($v) . "\n" . $v;
	}
	if (defined $failed) {
		error_reply($failed);
		next;
	}
	my $pass = 1;
	if (!$skip) {
		for my $g (@groups) {
			my $code = join '', map { $_->[0] ? $vals[$_->[1]] : $_->[1] } @$g;
			if (!crew_filter($code)) {
				$pass = 0;
				last;
			}
		}
	}
	reply("ok $skip $pass\n" . ($body // ''));
}
