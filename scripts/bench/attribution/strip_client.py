import re,sys
p,mode=sys.argv[1],sys.argv[2]
L=open(p).read().split('\n')
out=[]
if mode=='noclient':
    i=0
    while i<len(L):
        l=L[i]
        if l.startswith('    pub async fn ') or l.startswith('    pub fn ') and '_stream' in l.split('(')[0]:
            j=i
            while L[j]!='    }': j+=1
            while out and (out[-1].startswith('    ///') or out[-1].startswith('    #[')): out.pop()
            i=j+1
            continue
        out.append(l); i+=1
elif mode=='novisit':
    i=0
    while i<len(L):
        l=L[i]
        if l.strip().startswith('fn visit_map<') :
            # skip to end of fn header '    ) -> Result<Self::Value, A::Error> {' then body until '    }'
            out.append(l); i+=1
            while not L[i].rstrip().endswith('{'): out.append(L[i]); i+=1
            out.append(L[i]); i+=1
            out.append('        let _ = object; Err(serde::de::Error::custom("x"))')
            while L[i]!='    }': i+=1
            continue
        out.append(l); i+=1
open(p,'w').write('\n'.join(out))
