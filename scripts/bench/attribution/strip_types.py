import re,sys
p,mode=sys.argv[1],sys.argv[2]
L=open(p).read().split('\n')
out=[]
if mode=='nodocs':
    out=[l for l in L if not l.lstrip().startswith('///')]
elif mode=='nosetters':
    i=0
    while i<len(L):
        l=L[i]
        if l.startswith('    pub fn ') and not l.startswith('    pub fn new(') and not l.startswith('    pub fn new<'):
            # find end of fn: line '    }'
            j=i
            while L[j]!='    }': j+=1
            # drop preceding docs
            while out and out[-1].startswith('    ///'): out.pop()
            i=j+1
            if i<len(L) and L[i]=='' : i+=1
            continue
        out.append(l); i+=1
    # remove now-empty trailing blank lines before '}' fine
elif mode in('derivede','noderives'):
    # collect visitor targets
    txt='\n'.join(L).replace("Visitor<'de>\nfor Fields","Visitor<'de> for Fields")
    L=txt.split('\n')
    vis=set(re.findall(r"impl<'de> serde::de::Visitor<'de> for Fields<std::marker::PhantomData<(\w+)>>",txt))
    if mode=='noderives':
        for l in L:
            if l.startswith('#[derive('):
                l=l.replace(', PartialEq','').replace(', Eq','').replace(', Hash','')
            out.append(l)
    else:
        i=0
        while i<len(L):
            l=L[i]
            m=re.match(r"impl<'de> serde::Deserialize<'de> for (\w+) \{",l) or re.match(r"impl<'de> serde::de::Visitor<'de> for Fields<std::marker::PhantomData<(\w+)>> \{",l)
            if m and m.group(1) in vis:
                while L[i]!='}': i+=1
                i+=1
                continue
            m=re.match(r"pub (struct|enum) (\w+)",l)
            if m and m.group(2) in vis:
                # find derive line above
                k=len(out)-1
                while not out[k].startswith('#[derive('): k-=1
                out[k]=out[k].replace(')]',', serde::Deserialize)]')
            out.append(l); i+=1
open(p,'w').write('\n'.join(out))
